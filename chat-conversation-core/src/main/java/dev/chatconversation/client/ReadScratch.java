package dev.chatconversation.client;

/**
 * Per-thread arrays into which network buffers are copied for decoding, so that an open
 * stream holds no read buffer of its own between reads; an event loop serves thousands of
 * streams with one array.
 *
 * <p>
 * An array is lent for one decoding call and given back before the call returns. If the
 * thread's array is already lent (a subscriber that starts decoding another stream while
 * it handles a chunk), or a read is unusually large, a fresh array is used instead.
 */
final class ReadScratch {

	private static final int INITIAL_SIZE = 16 * 1024;

	private static final int MAX_KEPT_SIZE = 256 * 1024;

	private static final ThreadLocal<ReadScratch> LOCAL = ThreadLocal.withInitial(ReadScratch::new);

	private byte[] array = new byte[INITIAL_SIZE];

	private boolean lent;

	private ReadScratch() {
	}

	/**
	 * Lends an array of at least the given length.
	 * @param length the bytes to hold
	 * @return the array, to be given back with {@link #giveBack}
	 */
	static byte[] borrow(int length) {
		ReadScratch scratch = LOCAL.get();
		if (scratch.lent || length > MAX_KEPT_SIZE) {
			return new byte[length];
		}
		if (length > scratch.array.length) {
			scratch.array = new byte[Math.min(MAX_KEPT_SIZE, Math.max(length, scratch.array.length * 2))];
		}
		scratch.lent = true;
		return scratch.array;
	}

	/**
	 * Gives back an array from {@link #borrow}.
	 * @param array the array
	 */
	static void giveBack(byte[] array) {
		ReadScratch scratch = LOCAL.get();
		if (scratch.array == array) {
			scratch.lent = false;
		}
	}

}
