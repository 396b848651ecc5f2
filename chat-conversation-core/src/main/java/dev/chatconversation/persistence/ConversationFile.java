package dev.chatconversation.persistence;

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
import java.util.List;
import java.util.Set;

import dev.chatconversation.message.InvalidConversationException;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.MessageJson;
import org.jspecify.annotations.Nullable;

/**
 * A conversation saved as a JSON file: the message list the API's {@code messages} field
 * takes, UTF-8, indented, every field kept. Writes are atomic, so an existing file is
 * never left half-written or empty.
 */
public final class ConversationFile {

	private ConversationFile() {
	}

	/**
	 * Reads the messages of a conversation file.
	 * @param file the file, UTF-8
	 * @return the messages, in order
	 * @throws InvalidConversationException if the file is not a valid message list (the
	 * message names the file, the message index and the JSON path)
	 * @throws java.io.UncheckedIOException if the file cannot be read (the message names
	 * the path)
	 */
	public static List<Message> read(Path file) {
		return MessageJson.readList(readBytes(file), file.toAbsolutePath().toString());
	}

	/**
	 * Writes messages as an indented JSON message list, replacing the file atomically:
	 * the JSON goes to a temporary file in the same folder, which is forced to disk and
	 * then takes the file's place. A symbolic link is followed, so the file it points to
	 * is replaced, and an existing file keeps its permissions.
	 * @param file the file to write
	 * @param messages the messages
	 * @throws java.io.UncheckedIOException if the file cannot be written (the message
	 * names the path); an existing file is then left as it was
	 */
	public static void write(Path file, List<? extends Message> messages) {
		writeAtomically(file, MessageJson.writeList(messages, true));
	}

	private static byte[] readBytes(Path file) {
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot load conversation from " + file.toAbsolutePath() + ": " + reason(ex),
					ex);
		}
	}

	private static void writeAtomically(Path file, String text) {
		Path requested = file.toAbsolutePath();
		@Nullable Path temporary = null;
		try {
			Path target = followLink(requested);
			Path folder = target.getParent();
			temporary = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp");
			writeSynced(temporary, text);
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

	private static void writeSynced(Path temporary, String text) throws IOException {
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
