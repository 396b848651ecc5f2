package dev.chatconversation.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fake server streams for one request, sent as query parameters so the library's
 * request and the raw baseline's carry the same instructions.
 *
 * @param chunks total chunks, role, finish and usage chunks included (at least 3)
 * @param delayMillis pause before each chunk after the first; 0 sends the whole body at
 * once, in blocks of pre-encoded chunks
 * @param holdAt how many chunks to send before waiting for the gate to open, or 0
 * @param gate the name of the gate to wait for
 */
record StreamSpec(int chunks, int delayMillis, int holdAt, String gate) {

	/**
	 * What the server sends to a request without parameters: a short reply at once, so
	 * that latency scenarios send plain requests with no query string.
	 */
	static final StreamSpec DEFAULT = new StreamSpec(10, 0, 0, "");

	StreamSpec {
		if (chunks < OpenAiStream.FRAMING_CHUNKS) {
			throw new IllegalArgumentException("A stream needs at least 3 chunks");
		}
	}

	static StreamSpec fast(int chunks) {
		return new StreamSpec(chunks, 0, 0, "");
	}

	static StreamSpec paced(int chunks, int delayMillis) {
		return new StreamSpec(chunks, delayMillis, 0, "");
	}

	StreamSpec heldAt(int holdAt, String gate) {
		return new StreamSpec(this.chunks, this.delayMillis, holdAt, gate);
	}

	/** The {@code data:} lines of the body, {@code [DONE]} included. */
	int dataLines() {
		return this.chunks + 1;
	}

	/** The non-empty text deltas of the body. */
	int deltas() {
		return this.chunks - OpenAiStream.FRAMING_CHUNKS;
	}

	Map<String, String> query() {
		Map<String, String> query = new LinkedHashMap<>();
		if (equals(DEFAULT)) {
			return query;
		}
		query.put("chunks", Integer.toString(this.chunks));
		query.put("delay", Integer.toString(this.delayMillis));
		if (this.holdAt > 0) {
			query.put("hold", Integer.toString(this.holdAt));
			query.put("gate", this.gate);
		}
		return query;
	}

	/** The query string with its {@code ?}, or nothing for the default. */
	String queryString() {
		StringBuilder query = new StringBuilder();
		query().forEach((name,
				value) -> query.append((query.length() == 0) ? "?" : "&").append(name).append('=').append(value));
		return query.toString();
	}

	static StreamSpec fromQuery(Map<String, List<String>> parameters) {
		return new StreamSpec(intValue(parameters, "chunks", DEFAULT.chunks()), intValue(parameters, "delay", 0),
				intValue(parameters, "hold", 0), parameters.getOrDefault("gate", List.of("")).get(0));
	}

	private static int intValue(Map<String, List<String>> parameters, String name, int fallback) {
		List<String> values = parameters.get(name);
		return (values == null || values.isEmpty()) ? fallback : Integer.parseInt(values.get(0));
	}

}
