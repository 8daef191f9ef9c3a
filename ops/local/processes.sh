# Background processes with pid files and logs in $state, for ops/local/stack.sh and
# ops/chaos/hosts.sh (sourced; the sourcing script sets $state and defines log()).

# 0 when the process recorded as $1 is running.
alive() { [ -f "$state/$1.pid" ] && kill -0 "$(cat "$state/$1.pid")" 2>/dev/null; }

# 0 when GET http://<address>:<port><path> answers 200 (bash's /dev/tcp: no curl needed).
# Usage: http_ok ADDRESS PORT PATH
http_ok() {
  (
    exec 3<>"/dev/tcp/$1/$2" || exit 1
    printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$3" "$1" >&3
    IFS= read -r -t 5 line <&3 || exit 1
    [[ $line == HTTP/1.?" 200"* ]]
  ) 2>/dev/null
}

# Waits until the process answers 200 on the path, failing (with the end of its log) when it exits
# first or is not ready in time. Usage: wait_for NAME ADDRESS PORT PATH SECONDS
wait_for() {
  local name=$1 address=$2 port=$3 path=$4 seconds=$5
  for ((i = 0; i < seconds * 2; i++)); do
    if http_ok "$address" "$port" "$path"; then return 0; fi
    if ! alive "$name"; then
      log "$name exited; the end of its log ($state/$name.log):"
      tail -n 30 "$state/$name.log" >&2 || true
      return 1
    fi
    sleep 0.5
  done
  log "$name is not ready after ${seconds}s; see $state/$name.log"
  return 1
}

# Starts a command in the background as NAME (log $state/NAME.log, appended), unless it runs.
# Usage: start NAME COMMAND...
start() {
  local name=$1
  shift
  if alive "$name"; then
    log "$name is already running (pid $(cat "$state/$name.pid"))"
    return 0
  fi
  mkdir -p "$state"
  # setsid: Ctrl+C in the terminal of `make up` does not reach the background processes.
  setsid "$@" >>"$state/$name.log" 2>&1 </dev/null &
  echo $! >"$state/$name.pid"
  disown $! # not this shell's job: its death (a chaos experiment kills it) is not reported here
  log "$name started (pid $!, log $state/$name.log)"
}

# Stops NAME: SIGTERM, then SIGKILL after 10 s.
stop() {
  local name=$1 pid
  if ! alive "$name"; then
    rm -f "$state/$name.pid"
    return 0
  fi
  pid=$(cat "$state/$name.pid")
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 40; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$state/$name.pid"
  log "$name stopped"
}

# The body of GET http://<address>:<port><path> (HTTP/1.0, so never chunked), or nothing.
# Usage: http_get ADDRESS PORT PATH
http_get() {
  (
    exec 3<>"/dev/tcp/$1/$2" || exit 1
    printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$3" "$1" >&3
    timeout 5 cat <&3 | sed '1,/^\r\{0,1\}$/d'
  ) 2>/dev/null
}
