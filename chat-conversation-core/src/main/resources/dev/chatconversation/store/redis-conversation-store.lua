-- RedisConversationStore: every call of the store is one run of this script, so each is
-- one atomic step (Redis runs a script without interleaving other commands). A script
-- that fails midway is not rolled back, so every check comes before the first write.
--
-- Keys of a conversation: KEYS[1] the hash <prefix>conv:<id> (owner, title, model,
-- created, updated, version, lease, expiry, checkpoint), KEYS[2] the list
-- <prefix>msgs:<id> (one JSON message per entry, in order), KEYS[3] the sorted set
-- <prefix>by-updated. The owner's sorted set <prefix>owner:<owner> is named from the
-- owner stored in the hash. Index members all have score 0 and sort by their bytes:
-- "<updated millis, 15 digits>:<id as UTF-16 code units in hex>/<id>", so that a reverse
-- lexicographic range is the order updated desc, then id desc (as Java compares strings).
--
-- ARGV[1] is the operation, ARGV[2] the key prefix; for a conversation's operations,
-- ARGV[3] its id, ARGV[4] its sort id (the hex form) and ARGV[5] the time (epoch millis,
-- from the Java clock); the operation's own arguments follow. Replies start with a
-- status: OK, NOT_FOUND, EXISTS, BUSY <expiry>, CONFLICT <version>, KEEP <count>, LOST.

local op, prefix = ARGV[1], ARGV[2]

local function record(conv, msgs, id)
	local r = redis.call('HMGET', conv, 'owner', 'title', 'model', 'created', 'updated', 'version')
	return { id, r[1], r[2], r[3], r[4], r[5], r[6], redis.call('LLEN', msgs) }
end

if op == 'list' then
	local found = redis.call('ZREVRANGEBYLEX', KEYS[1], ARGV[3], '-', 'LIMIT', 0, tonumber(ARGV[4]))
	local reply = { 'OK' }
	for _, m in ipairs(found) do
		local id = string.sub(m, string.find(m, '/', 1, true) + 1)
		reply[#reply + 1] = record(prefix .. 'conv:' .. id, prefix .. 'msgs:' .. id, id)
	end
	return reply
end

local conv, msgs, index = KEYS[1], KEYS[2], KEYS[3]
local id, sortId, now = ARGV[3], ARGV[4], ARGV[5]

local function member(updated)
	return string.rep('0', 15 - #updated) .. updated .. ':' .. sortId .. '/' .. id
end

local function ownerIndex(owner)
	return prefix .. 'owner:' .. owner
end

-- Moves the conversation to the given update time in both indexes.
local function touch(updated)
	local owner, old = unpack(redis.call('HMGET', conv, 'owner', 'updated'))
	if old then
		redis.call('ZREM', index, member(old))
		if owner then
			redis.call('ZREM', ownerIndex(owner), member(old))
		end
	end
	redis.call('HSET', conv, 'updated', updated)
	redis.call('ZADD', index, 0, member(updated))
	if owner then
		redis.call('ZADD', ownerIndex(owner), 0, member(updated))
	end
end

local function ok()
	local r = record(conv, msgs, id)
	r[1] = 'OK'
	return r
end

local function leaseReply()
	return { 'OK', redis.call('HGET', conv, 'version'), redis.call('LLEN', msgs) }
end

local function push(from)
	for i = from, #ARGV, 100 do
		redis.call('RPUSH', msgs, unpack(ARGV, i, math.min(i + 99, #ARGV)))
	end
end

local function dropLease()
	redis.call('HDEL', conv, 'lease', 'expiry', 'checkpoint')
end

-- An expired lease ends here: its checkpoint joins the messages.
local function recover()
	local lease, expiry, checkpoint = unpack(redis.call('HMGET', conv, 'lease', 'expiry', 'checkpoint'))
	if not lease or tonumber(expiry) > tonumber(now) then
		return
	end
	if checkpoint then
		redis.call('RPUSH', msgs, checkpoint)
		redis.call('HINCRBY', conv, 'version', 1)
		touch(now)
	end
	dropLease()
end

-- The checks of a write: nil if it may go on, else the reply refusing it.
local function refusal(expected, keep)
	local version = redis.call('HGET', conv, 'version')
	if version ~= expected then
		return { 'CONFLICT', version }
	end
	local count = redis.call('LLEN', msgs)
	if keep > count then
		return { 'KEEP', count }
	end
	return nil
end

-- Keeps the first keep messages, appends ARGV[from..], drops the checkpoint.
local function write(keep, title, from)
	local count = redis.call('LLEN', msgs)
	if keep == 0 then
		redis.call('DEL', msgs)
	elseif keep < count then
		redis.call('LTRIM', msgs, 0, keep - 1)
	end
	push(from)
	if title ~= '' then
		redis.call('HSETNX', conv, 'title', title)
	end
	redis.call('HDEL', conv, 'checkpoint')
	redis.call('HINCRBY', conv, 'version', 1)
	touch(now)
end

if op == 'create' then
	-- ARGV[6] version, ARGV[7] n, ARGV[8..7+n] field/value pairs, then the messages
	if redis.call('EXISTS', conv) == 1 then
		return { 'EXISTS' }
	end
	local n = tonumber(ARGV[7])
	redis.call('HSET', conv, 'created', now, 'version', ARGV[6], unpack(ARGV, 8, 7 + n))
	redis.call('DEL', msgs)
	push(8 + n)
	touch(now)
	return ok()
end

if op == 'delete' then
	if redis.call('EXISTS', conv) == 0 then
		return { 'NOT_FOUND' }
	end
	local owner, updated = unpack(redis.call('HMGET', conv, 'owner', 'updated'))
	redis.call('ZREM', index, member(updated))
	if owner then
		redis.call('ZREM', ownerIndex(owner), member(updated))
	end
	redis.call('DEL', conv, msgs)
	return { 'OK' }
end

local function held()
	return redis.call('HGET', conv, 'lease') == ARGV[6]
end

if op == 'release' then
	-- ARGV[6] token
	if held() then
		dropLease()
	end
	return { 'OK' }
end

if op == 'checkpoint' then
	-- ARGV[6] token, ARGV[7] new expiry, ARGV[8] the partial reply if any
	if not held() then
		return { 'LOST' }
	end
	if ARGV[8] then
		redis.call('HSET', conv, 'checkpoint', ARGV[8])
	end
	redis.call('HSET', conv, 'expiry', ARGV[7])
	return leaseReply()
end

if op == 'turn-append' or op == 'complete' then
	-- ARGV[6] token, ARGV[7] expected version, ARGV[8] keep, ARGV[9] new expiry,
	-- ARGV[10] title from the messages or '', then the messages
	if not held() then
		return { 'LOST' }
	end
	local refused = refusal(ARGV[7], tonumber(ARGV[8]))
	if refused then
		return refused
	end
	write(tonumber(ARGV[8]), ARGV[10], 11)
	if op == 'complete' then
		dropLease()
		return ok()
	end
	redis.call('HSET', conv, 'expiry', ARGV[9])
	return leaseReply()
end

if op == 'start' then
	-- ARGV[6] token, ARGV[7] expiry, ARGV[8] expected version, ARGV[9] keep, ARGV[10] title
	-- from the messages or '', then the messages. An acquire then an append under the new
	-- lease: every check is made on the state the acquire would leave (an expired lease's
	-- checkpoint counted in) before the first write, so a refusal changes nothing.
	if redis.call('EXISTS', conv) == 0 then
		return { 'NOT_FOUND' }
	end
	local lease, expiry, checkpoint, version = unpack(redis.call('HMGET', conv, 'lease', 'expiry', 'checkpoint',
		'version'))
	local expired = lease and tonumber(expiry) <= tonumber(now)
	if lease and not expired then
		return { 'BUSY', expiry }
	end
	local recovered = (expired and checkpoint) and 1 or 0
	version = tonumber(version) + recovered
	if version ~= tonumber(ARGV[8]) then
		return { 'CONFLICT', version }
	end
	local keep, count = tonumber(ARGV[9]), redis.call('LLEN', msgs) + recovered
	if keep < 0 or keep > count then
		return { 'KEEP', count }
	end
	if expired then
		recover()
	end
	write(keep, ARGV[10], 11)
	redis.call('HSET', conv, 'lease', ARGV[6], 'expiry', ARGV[7])
	return leaseReply()
end

-- The remaining operations recover an expired lease first.
if redis.call('EXISTS', conv) == 0 then
	return { 'NOT_FOUND' }
end
recover()

if op == 'load' then
	local r = ok()
	r[#r + 1] = redis.call('LRANGE', msgs, 0, -1)
	return r
end

local lease, expiry = unpack(redis.call('HMGET', conv, 'lease', 'expiry'))
if lease then
	return { 'BUSY', expiry }
end

if op == 'append' then
	-- ARGV[6] expected version, ARGV[7] keep, ARGV[8] title from the messages or '',
	-- then the messages
	local refused = refusal(ARGV[6], tonumber(ARGV[7]))
	if refused then
		return refused
	end
	write(tonumber(ARGV[7]), ARGV[8], 9)
	return ok()
end

if op == 'acquire' then
	-- ARGV[6] token, ARGV[7] expiry
	redis.call('HSET', conv, 'lease', ARGV[6], 'expiry', ARGV[7])
	return leaseReply()
end

return redis.error_reply('ERR unknown operation ' .. tostring(op))
