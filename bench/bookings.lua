-- wrk script of the REST section (bench/load_generator.py): POST bookings, each request with
-- its own body and bearer token, as a closed loop of wrk's connections.
--
-- Arguments after `--`: DATA OFFSET PER_SESSION THREADS
--   DATA: a file of lines `c<TAB>token<TAB>trainee JSON` (the customers, in order) and
--         `s<TAB>session id` (the sessions, in order);
--   request n (from OFFSET, shared out among THREADS) is made by customer n mod #customers
--   for session floor(n / PER_SESSION): no session is ever full, nobody books one twice.
-- done() writes one line `BENCH-JSON {...}`: what was sent and answered, the latency.

local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  customers, sessions = {}, {}
  for line in io.lines(args[1]) do
    local kind, first, second = line:match("^(%a)\t([^\t]*)\t?(.*)$")
    if kind == "c" then
      table.insert(customers, { header = "Bearer " .. first, trainee = second })
    elseif kind == "s" then
      table.insert(sessions, first)
    end
  end
  offset, per_session, step = tonumber(args[2]), tonumber(args[3]), tonumber(args[4])
  sent, statuses = 0, {}
  headers = { ["Host"] = wrk.headers["Host"], ["Content-Type"] = "application/json" }
end

function request()
  local n = offset + index + sent * step
  sent = sent + 1
  local customer = customers[n % #customers + 1]
  local session = sessions[math.min(math.floor(n / per_session), #sessions - 1) + 1]
  headers["Authorization"] = customer.header
  local body = '{"session_id":"' .. session .. '","trainees":[' .. customer.trainee .. ']}'
  return wrk.format("POST", wrk.path, headers, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local answers, most = {}, 0
  for _, thread in ipairs(threads) do
    most = math.max(most, thread:get("sent"))
    for status, count in pairs(thread:get("statuses")) do
      answers[status] = (answers[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(answers) do
    table.insert(parts, string.format('"%d":%d', status, count))
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests":%d,"duration_us":%d,"sent_most":%d,"threads":%d,'
      .. '"p50_us":%d,"p99_us":%d,"answers":{%s},'
      .. '"socket_errors":%d}\n',
    summary.requests, summary.duration, most, #threads,
    latency:percentile(50), latency:percentile(99), table.concat(parts, ","),
    errors.connect + errors.read + errors.write + errors.timeout
  ))
end
