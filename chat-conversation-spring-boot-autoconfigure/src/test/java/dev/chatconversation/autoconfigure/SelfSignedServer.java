package dev.chatconversation.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A WireMock server on 127.0.0.1 that answers over HTTP and over HTTPS with a certificate
 * of its own CA, made by the JDK's {@code keytool} when the test starts: no key material
 * is committed, and no JDK trust store trusts it.
 */
final class SelfSignedServer {

	static final String PASSWORD = "changeit";

	private final WireMockServer server;

	private final Path caCertificate;

	private SelfSignedServer(WireMockServer server, Path caCertificate) {
		this.server = server;
		this.caCertificate = caCertificate;
	}

	static SelfSignedServer start(Path directory) throws IOException, InterruptedException {
		Path keyStore = directory.resolve("server.p12");
		Path certificate = directory.resolve("ca.pem");
		keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname",
				"CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-ext", "BC:c=ca:true", "-storetype",
				"PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
		keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
				"-file", certificate.toString());
		WireMockServer server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1")
			.dynamicPort()
			.dynamicHttpsPort()
			.keystorePath(keyStore.toString())
			.keystoreType("PKCS12")
			.keystorePassword(PASSWORD)
			.keyManagerPassword(PASSWORD));
		server.start();
		return new SelfSignedServer(server, certificate);
	}

	private static void keytool(String... arguments) throws IOException, InterruptedException {
		List<String> command = new java.util.ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("keytool failed: " + output);
		}
	}

	WireMockServer wireMock() {
		return this.server;
	}

	String httpsBaseUrl() {
		return "https://127.0.0.1:" + this.server.httpsPort() + "/v1";
	}

	String httpBaseUrl() {
		return "http://127.0.0.1:" + this.server.port() + "/v1";
	}

	/** The CA certificate, in PEM, for a {@code spring.ssl.bundle.pem.*} trust store. */
	Path caCertificate() {
		return this.caCertificate;
	}

	void stop() {
		this.server.stop();
	}

}
