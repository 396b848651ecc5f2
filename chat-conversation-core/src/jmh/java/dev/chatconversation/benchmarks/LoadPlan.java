package dev.chatconversation.benchmarks;

/**
 * The sizes of the end-to-end scenarios.
 *
 * @param s1Chunks chunks in the S1 throughput stream
 * @param s1Warmups unmeasured S1 runs per contender
 * @param s1Runs measured S1 runs per contender
 * @param latencyWarmups unmeasured S2 and S4 requests per contender
 * @param s2Requests measured S2 requests per contender
 * @param s4Requests measured S4 requests per contender
 * @param s3Streams concurrent S3 streams
 * @param s3Rounds measured S3 rounds per contender
 * @param pacedChunks chunks per S3 and soak stream
 * @param delayMillis pause between chunks in S3 and the soak
 * @param holdAt chunks after which the server holds S3 streams for the heap measurement
 * @param soakStreams concurrent streams of the soak in {@code -Xmx256m}
 * @param soakChunks chunks per soak stream
 */
record LoadPlan(int s1Chunks, int s1Warmups, int s1Runs, int latencyWarmups, int s2Requests, int s4Requests,
		int s3Streams, int s3Rounds, int pacedChunks, int delayMillis, int holdAt, int soakStreams, int soakChunks) {

	static final LoadPlan FULL = new LoadPlan(200_000, 5, 7, 1000, 500, 2000, 2000, 3, 100, 20, 50, 10_000, 100);

	static final LoadPlan QUICK = new LoadPlan(100_000, 2, 3, 300, 300, 600, 2000, 1, 100, 20, 50, 10_000, 10);

	static LoadPlan of(BenchmarkSettings settings) {
		return settings.quick() ? QUICK : FULL;
	}

}
