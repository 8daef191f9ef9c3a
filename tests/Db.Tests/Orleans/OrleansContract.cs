namespace Battleship.Db.Tests.Orleans;

/// <summary>
/// What the Orleans 10.4.2 ADO.NET providers ask of the database: every query key they look up in
/// <c>OrleansQuery</c> and the parameters they bind when they run it. Taken from the providers
/// (their stored-query classes and the parameter names they add); scripts may use fewer parameters,
/// never others.
/// </summary>
internal static class OrleansContract
{
    private static readonly string[] StorageKey =
    [
        "GrainIdHash",
        "GrainIdN0",
        "GrainIdN1",
        "GrainTypeHash",
        "GrainTypeString",
        "GrainIdExtensionString",
        "ServiceId",
    ];

    public static IReadOnlyDictionary<string, string[]> Queries { get; } =
        new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            // Clustering (Microsoft.Orleans.Clustering.AdoNet).
            ["InsertMembershipVersionKey"] = ["DeploymentId"],
            ["MembershipReadAllKey"] = ["DeploymentId"],
            ["MembershipReadRowKey"] = ["DeploymentId", "Address", "Port", "Generation"],
            ["InsertMembershipKey"] =
            [
                "DeploymentId",
                "IAmAliveTime",
                "SiloName",
                "HostName",
                "Address",
                "Port",
                "Generation",
                "StartTime",
                "Status",
                "ProxyPort",
                "Version",
            ],
            ["UpdateMembershipKey"] =
            [
                "DeploymentId",
                "Address",
                "Port",
                "Generation",
                "IAmAliveTime",
                "Status",
                "SuspectTimes",
                "Version",
            ],
            ["UpdateIAmAlivetimeKey"] = ["DeploymentId", "Address", "Port", "Generation", "IAmAliveTime"],
            ["GatewaysQueryKey"] = ["DeploymentId", "Status"],
            ["CleanupDefunctSiloEntriesKey"] = ["DeploymentId", "IAmAliveTime"],
            ["DeleteMembershipTableEntriesKey"] = ["DeploymentId"],

            // Grain storage (Microsoft.Orleans.Persistence.AdoNet).
            ["ReadFromStorageKey"] = StorageKey,
            ["WriteToStorageKey"] = [.. StorageKey, "GrainStateVersion", "PayloadBinary"],
            ["ClearStorageKey"] = [.. StorageKey, "GrainStateVersion"],
            ["DeleteStorageKey"] = [.. StorageKey, "GrainStateVersion"],

            // Reminders (Microsoft.Orleans.Reminders.AdoNet).
            ["ReadReminderRowsKey"] = ["ServiceId", "GrainId"],
            ["ReadReminderRowKey"] = ["ServiceId", "GrainId", "ReminderName"],
            ["ReadRangeRows1Key"] = ["ServiceId", "BeginHash", "EndHash"],
            ["ReadRangeRows2Key"] = ["ServiceId", "BeginHash", "EndHash"],
            ["UpsertReminderRowKey"] = ["ServiceId", "GrainHash", "GrainId", "ReminderName", "StartTime", "Period"],
            ["DeleteReminderRowKey"] = ["ServiceId", "GrainId", "ReminderName", "Version"],
            ["DeleteReminderRowsKey"] = ["ServiceId"],
        };
}
