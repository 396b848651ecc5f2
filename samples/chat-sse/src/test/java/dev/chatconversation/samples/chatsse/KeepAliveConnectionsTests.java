package dev.chatconversation.samples.chatsse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One keep-alive connection that sends its next request before the previous answer has
 * ended, as HTTP/1.1 allows and as a client reusing a connection at once may: every
 * request on it is answered, the one after the queued ones too. Reactor Netty before
 * 1.3.8 stopped reading such a connection once a queued request was answered at once
 * (reactor/reactor-netty#4361): the next request waited forever in the socket.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class KeepAliveConnectionsTests {

	@LocalServerPort
	private int port;

	@Autowired
	private WebTestClient client;

	@Test
	void aRequestQueuedBehindAStreamedReplyAndTheOneAfterItAreAnswered() throws IOException {
		String id = new ChatApi(this.client).create();
		String body = "{\"content\": \"Hi\"}";
		String stream = "POST /api/conversations/" + id + "/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n"
				+ "Content-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: " + body.length()
				+ "\r\n\r\n" + body;
		String info = "GET /api/info HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			out.write((stream + info).getBytes(StandardCharsets.UTF_8));
			out.flush();
			StringBuilder read = new StringBuilder();
			readUntil(in, read, 2);
			out.write(info.getBytes(StandardCharsets.UTF_8));
			out.flush();
			readUntil(in, read, 3);
			assertThat(read.toString()).contains("event:done");
		}
	}

	/**
	 * Reads until that many answers have come whole (the last one being /api/info's
	 * JSON).
	 */
	private static void readUntil(InputStream in, StringBuilder read, int answers) throws IOException {
		byte[] buffer = new byte[8192];
		while (count(read, "HTTP/1.1 200") < answers || !read.toString().endsWith("}")) {
			int n;
			try {
				n = in.read(buffer);
			}
			catch (SocketTimeoutException ex) {
				throw new AssertionError("Answer " + answers + " did not come within 10 s; read so far: " + read, ex);
			}
			if (n < 0) {
				throw new AssertionError("The connection closed; read so far: " + read);
			}
			read.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
		}
	}

	private static int count(StringBuilder text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
			count++;
		}
		return count;
	}

}
