-- wrk script of bench/horde's intake phase: POST /generate/text/async, each request with one of the apikeys
-- given after "--" and one of the benchmark's models, in turn; counts the 202s (wrk counts only non-2xx).
-- Usage: wrk ... -s text-async.lua <api>/generate/text/async -- <models> <apikey>...
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  models = tonumber(args[1])
  keys = {}
  for i = 2, #args do
    keys[#keys + 1] = args[i]
  end
  sent = 0
  accepted = 0
  refused = 0
end

function request()
  sent = sent + 1
  -- Each thread starts at another key, so that two threads do not walk the keys in step.
  local key = keys[(sent + id * 97) % #keys + 1]
  local body = string.format('{"prompt":"bench","models":["bench/model-%d"]}', sent % models)
  return wrk.format("POST", nil, {["apikey"] = key, ["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  if status == 202 then
    accepted = accepted + 1
  else
    refused = refused + 1
    if refused == 1 then
      first_refusal = status .. " " .. body
    end
  end
end

function done(summary, latency, requests)
  local total_accepted, total_refused, refusal = 0, 0, ""
  for _, thread in ipairs(threads) do
    total_accepted = total_accepted + thread:get("accepted")
    total_refused = total_refused + thread:get("refused")
    refusal = thread:get("first_refusal") or refusal
  end
  io.write(string.format("accepted %d refused %d\n", total_accepted, total_refused))
  if total_refused > 0 then
    io.write("first refusal: " .. refusal .. "\n")
  end
end
