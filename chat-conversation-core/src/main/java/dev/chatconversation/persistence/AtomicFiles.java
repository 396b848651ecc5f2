package dev.chatconversation.persistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import org.jspecify.annotations.Nullable;

/**
 * Writes that never leave a file half-written: the bytes go to a temporary file in the
 * same folder, which is forced to disk and then takes the file's place; the folder is
 * forced too, so the rename survives a crash.
 */
public final class AtomicFiles {

	private AtomicFiles() {
	}

	/**
	 * A step run on the temporary file before it takes the target's place.
	 */
	@FunctionalInterface
	public interface Preparation {

		/**
		 * Prepares the temporary file.
		 * @param temporary the temporary file
		 * @throws IOException if it fails, which fails the write
		 */
		void prepare(Path temporary) throws IOException;

	}

	/**
	 * Replaces a file atomically.
	 * @param target the file to write
	 * @param bytes its new content
	 * @throws IOException if it cannot be written; the file is then as it was
	 */
	public static void replace(Path target, byte[] bytes) throws IOException {
		replace(target, bytes, (temporary) -> {
		});
	}

	/**
	 * Replaces a file atomically, preparing the temporary file first.
	 * @param target the file to write
	 * @param bytes its new content
	 * @param preparation what to do to the temporary file before the move (such as
	 * copying permissions)
	 * @throws IOException if it cannot be written; the file is then as it was
	 */
	public static void replace(Path target, byte[] bytes, Preparation preparation) throws IOException {
		Path folder = target.toAbsolutePath().getParent();
		@Nullable Path temporary = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp");
		try {
			writeSynced(temporary, bytes);
			preparation.prepare(temporary);
			move(temporary, target);
			temporary = null;
			syncFolder(folder);
		}
		finally {
			deleteQuietly(temporary);
		}
	}

	/**
	 * Forces a folder's entries to disk, so a rename or a new file in it survives a
	 * crash; some platforms (Windows) cannot open a folder, and the change is already
	 * made, so a failure here is not worth reporting.
	 * @param folder the folder
	 */
	public static void syncFolder(Path folder) {
		try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// best effort, see above
		}
	}

	private static void writeSynced(Path temporary, byte[] bytes) throws IOException {
		try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			while (buffer.hasRemaining()) {
				channel.write(buffer);
			}
			channel.force(true);
		}
	}

	private static void move(Path temporary, Path target) throws IOException {
		try {
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static void deleteQuietly(@Nullable Path temporary) {
		if (temporary != null) {
			try {
				Files.deleteIfExists(temporary);
			}
			catch (IOException ex) {
				// the write already failed and is reported; a stray temporary file is
				// harmless
			}
		}
	}

}
