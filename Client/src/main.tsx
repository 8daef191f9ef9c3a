import { render } from "preact";
import { App } from "./ui/App";
import { startServices } from "./services";
import "./styles.css";

const root = document.getElementById("app")!;
startServices().then(
  () => render(<App />, root),
  (e: unknown) => {
    root.innerHTML = "";
    const p = document.createElement("p");
    p.className = "problem";
    p.setAttribute("role", "alert");
    p.textContent = e instanceof Error ? e.message : String(e);
    root.append(p);
  },
);
