# The jq baseline of `report`: the same grouping, done the way report does it — records streamed
# with `inputs`, folded into the sessions still open, each session written out (one JSON line, with
# its outcome and flags) as soon as its logout is read, the ones never logged out at the end.
# (A single `reduce` into one object of all sessions is quadratic in jq 1.6: hours for 1M records.)
#   jq -n -c -f bench/report-group.jq FILE...
def flags:
  [ if .logout then empty else "no-logout" end,
    if .unclean then "unclean-exit" else empty end,
    if .interrupted then "interrupted" else empty end,
    if (.skipped | length) > 0 then "required-skipped" else empty end,
    if .idle then "idle" else empty end ];
def finish:
  { id, terminal, operator, checklist, checklistVersion, startedAt, endedAt, outcome,
    logoutConfirmed: .logout, flags: flags };
def fold($r):
  if $r.type == "session-start" then .startedAt = $r.ts | .operator = $r.operator
    | .checklist = $r.payload.checklist | .checklistVersion = $r.payload.checklistVersion
  elif $r.type == "logout" then .logout = true | .outcome = $r.payload.outcome | .endedAt = $r.ts
  elif $r.type == "recovery" or $r.type == "exit" then .unclean = true
  elif $r.type == "interrupt" then .interrupted = true
  elif $r.type == "idle" then .idle = true
  elif $r.type == "step" and $r.payload.action == "skip" and $r.payload.required then .skipped[$r.payload.item] = true
  elif $r.type == "step" and $r.payload.action == "confirm" then del(.skipped[$r.payload.item])
  else . end;

foreach (inputs, {end: true}) as $r ({open: {}, out: []};
  if $r.end then .out = [.open[] | finish] | .open = {}
  elif $r.session == null then .out = []
  else
    .out = []
    | .open[$r.session] |= ((. // {id: $r.session, terminal: $r.terminal, operator: $r.operator, startedAt: $r.ts,
                                   endedAt: null, outcome: "open", logout: false, unclean: false,
                                   interrupted: false, idle: false, skipped: {}}) | fold($r))
    # Rebuilt rather than del(): jq 1.6 never reuses a deleted key's slot, and the state object
    # copied on every update would grow with every session ever seen (quadratic).
    | if $r.type == "logout" then .out = [.open[$r.session] | finish] | .open |= with_entries(select(.key != $r.session)) else . end
  end;
  .out[])
