/** The app's text inputs: each one's id, label and the API property whose `maxLength` it takes. */
import { maxLength } from "../api/limits";

const field = (id: string, label: string, max: number | undefined) => ({
  id,
  label,
  maxLength: max,
});

export const Fields = {
  roomName: field("room-name", "Room name", maxLength("CreateRoomBody", "name")),
  agentName: field("job-name", "Agent name", maxLength("TrainingJobBody", "name")),
  signInName: field("display-name", "Display name", maxLength("DevTokenRequest", "displayName")),
  rename: field("rename", "Display name", maxLength("UpdateMeRequest", "displayName")),
  chat: field("chat-text", "Message", maxLength("ChatBody", "text")),
};
