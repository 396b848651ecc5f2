package dev.chatconversation.benchmarks;

import reactor.core.publisher.Mono;

/**
 * One way of calling the fake server: the raw Reactor Netty baseline or the library's
 * public API.
 */
interface Contender extends AutoCloseable {

	/**
	 * The name shown in results.
	 * @return the name
	 */
	String name();

	/**
	 * Streams one reply, cold.
	 * @param spec what the server sends
	 * @param probe told about each chunk and the first delta
	 * @return the number of chunks received, checked against the spec
	 */
	Mono<Long> stream(StreamSpec spec, StreamProbe probe);

	/**
	 * Gets one non-streaming completion, cold.
	 * @return the size of what was read (bytes for the baseline, characters of text for
	 * the library)
	 */
	Mono<Integer> complete();

	@Override
	void close();

}
