package dev.chatconversation.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny HTTP proxy on 127.0.0.1 that only tunnels ({@code CONNECT}), as Reactor Netty's
 * HTTP proxy support does for every request, and records the head of each {@code CONNECT}
 * it receives.
 */
final class TunnelProxy implements AutoCloseable {

	private final ServerSocket server;

	private final List<String> connects = new CopyOnWriteArrayList<>();

	TunnelProxy() throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "tunnel-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.server.getLocalPort();
	}

	/**
	 * The heads (request line and headers) of the {@code CONNECT} requests received.
	 */
	List<String> connects() {
		return List.copyOf(this.connects);
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Thread tunnel = new Thread(() -> tunnel(client), "tunnel-proxy-connection");
				tunnel.setDaemon(true);
				tunnel.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void tunnel(Socket client) {
		try (client) {
			InputStream in = client.getInputStream();
			String head = readHead(in);
			this.connects.add(head);
			String[] target = head.substring(0, head.indexOf('\r')).split(" ")[1].split(":");
			try (Socket upstream = new Socket(target[0], Integer.parseInt(target[1]))) {
				OutputStream out = client.getOutputStream();
				out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				Thread back = new Thread(() -> pipe(upstream, client), "tunnel-proxy-back");
				back.setDaemon(true);
				back.start();
				pipe(client, upstream);
			}
		}
		catch (IOException ex) {
			// the client or the server closed the tunnel
		}
	}

	private static String readHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int next = in.read();
			if (next < 0) {
				throw new IOException("Connection closed before the end of the CONNECT head");
			}
			head.append((char) next);
		}
		return head.toString();
	}

	private static void pipe(Socket from, Socket to) {
		try {
			from.getInputStream().transferTo(to.getOutputStream());
			to.shutdownOutput();
		}
		catch (IOException ex) {
			// one side closed: the other direction ends on its own
		}
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
