package dev.chatconversation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Reads and writes conversation files; writes are atomic so an existing file is never
 * left half-written or empty.
 */
final class ConversationFiles {

	private ConversationFiles() {
	}

	static byte[] read(Path file) {
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot load conversation from " + file.toAbsolutePath() + ": " + reason(ex),
					ex);
		}
	}

	/**
	 * Writes the text to a temporary file in the target's folder, forces it to disk, then
	 * moves it over the target in one step. A symbolic link is followed so the file it
	 * points to is replaced, not the link, and an existing file keeps its permissions.
	 */
	static void writeAtomically(Path file, String text) {
		Path requested = file.toAbsolutePath();
		@Nullable Path temporary = null;
		try {
			Path target = followLink(requested);
			Path folder = target.getParent();
			temporary = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp");
			write(temporary, text);
			keepPermissions(target, temporary);
			move(temporary, target);
			temporary = null;
			syncFolder(folder);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot save conversation to " + requested + ": " + reason(ex), ex);
		}
		finally {
			deleteQuietly(temporary);
		}
	}

	private static Path followLink(Path file) throws IOException {
		return (Files.isSymbolicLink(file) && Files.exists(file)) ? file.toRealPath() : file;
	}

	private static void write(Path temporary, String text) throws IOException {
		try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
			ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
			while (bytes.hasRemaining()) {
				channel.write(bytes);
			}
			channel.force(true);
		}
	}

	/**
	 * Temporary files are created private (rw-------); without this, saving would
	 * silently narrow the permissions of a file that others were meant to read.
	 */
	private static void keepPermissions(Path target, Path temporary) throws IOException {
		if (!Files.isRegularFile(target)) {
			return;
		}
		try {
			Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(target);
			Files.setPosixFilePermissions(temporary, permissions);
		}
		catch (UnsupportedOperationException ex) {
			// not a POSIX file system: the temporary file has the folder's default access
		}
	}

	/**
	 * Makes the rename itself durable; some platforms (Windows) cannot open a folder, and
	 * the file is already in place, so a failure here is not worth reporting.
	 */
	private static void syncFolder(Path folder) {
		try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// best effort, see above
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

	private static String reason(IOException ex) {
		if (ex instanceof NoSuchFileException missing) {
			return "no such file or folder (" + missing.getFile() + ")";
		}
		if (ex instanceof AccessDeniedException denied) {
			return "permission denied (" + denied.getFile() + ")";
		}
		if (ex instanceof FileSystemException system && system.getReason() != null) {
			return system.getReason();
		}
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

}
