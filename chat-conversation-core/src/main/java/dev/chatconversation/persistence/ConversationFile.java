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
		try {
			Path target = followLink(requested);
			AtomicFiles.replace(target, text.getBytes(StandardCharsets.UTF_8),
					(temporary) -> keepPermissions(target, temporary));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot save conversation to " + requested + ": " + reason(ex), ex);
		}
	}

	private static Path followLink(Path file) throws IOException {
		return (Files.isSymbolicLink(file) && Files.exists(file)) ? file.toRealPath() : file;
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

	static String reason(IOException ex) {
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
