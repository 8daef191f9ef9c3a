/**
 * Browser telemetry with OpenTelemetry: page loads, fetch spans (W3C `traceparent` sent to the
 * gateway, which continues the trace), SignalR connection and message events, and errors. Off
 * unless the gateway's configuration names an OTLP/HTTP traces endpoint.
 */
import { trace, SpanStatusCode, type Tracer } from "@opentelemetry/api";
import { WebTracerProvider } from "@opentelemetry/sdk-trace-web";
import { BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { FetchInstrumentation } from "@opentelemetry/instrumentation-fetch";
import { DocumentLoadInstrumentation } from "@opentelemetry/instrumentation-document-load";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";

let tracer: Tracer | null = null;

/** Starts telemetry when an endpoint is configured; otherwise does nothing. */
export function startTelemetry(endpoint: string | null | undefined): boolean {
  if (!endpoint || tracer) return !!tracer;
  const provider = new WebTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: "battleship-web",
      [ATTR_SERVICE_VERSION]: "0.1.0",
    }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: endpoint }))],
  });
  provider.register();
  const origin = globalThis.location.origin;
  registerInstrumentations({
    instrumentations: [
      new DocumentLoadInstrumentation(),
      new FetchInstrumentation({
        // trace context goes to the serving gateway only, never to third parties
        propagateTraceHeaderCorsUrls: [
          new RegExp(`^${origin.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
        ],
        ignoreUrls: [new RegExp(endpoint.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))],
      }),
    ],
  });
  tracer = trace.getTracer("battleship-web");
  globalThis.addEventListener("error", (e) => recordError(e.error ?? e.message));
  globalThis.addEventListener("unhandledrejection", (e) => recordError(e.reason));
  return true;
}

/** Records a SignalR connection or message event as a short span (no ids, no cells). */
export function recordEvent(name: string, attributes: Record<string, string | number>): void {
  if (!tracer) return;
  tracer.startSpan(name, { attributes }).end();
}

/** Records an error as a span with an exception event. */
export function recordError(error: unknown): void {
  if (!tracer) return;
  const span = tracer.startSpan("browser.error");
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}
