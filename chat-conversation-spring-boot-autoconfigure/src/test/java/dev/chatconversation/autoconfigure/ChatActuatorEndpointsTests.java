package dev.chatconversation.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API keys of {@code chat.*} stay masked in the actuator {@code configprops} and
 * {@code env} endpoints, even when they are set to show values.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "chat.base-url=http://localhost:11434/v1",
		"chat.model=llama3.2", "chat.api-key=" + ChatActuatorEndpointsTests.DEFAULT_KEY,
		"chat.connections.cloud.base-url=https://api.openai.com/v1",
		"chat.connections.cloud.api-key=" + ChatActuatorEndpointsTests.CLOUD_KEY,
		"chat.connections.cloud.organization=org-visible",
		"chat.connections.cloud.headers.Authorization=" + ChatActuatorEndpointsTests.HEADER_SECRET,
		"spring.reactor.netty.shutdown-quiet-period=0s", "management.endpoints.web.exposure.include=configprops,env",
		"management.endpoint.configprops.show-values=always", "management.endpoint.env.show-values=always" })
@AutoConfigureWebTestClient
class ChatActuatorEndpointsTests {

	static final String DEFAULT_KEY = "sk-actuator-default-key-0123456789";

	static final String CLOUD_KEY = "sk-actuator-cloud-key-9876543210";

	static final String HEADER_SECRET = "Bearer gateway-token-0123456789";

	@Autowired
	private WebTestClient webTestClient;

	@Test
	void configpropsMasksTheApiKeysAndShowsOtherValues() {
		String body = get("/actuator/configprops/chat");
		assertThat(body).doesNotContain(DEFAULT_KEY).doesNotContain(CLOUD_KEY).doesNotContain(HEADER_SECRET);
		assertThat(body).contains("\"apiKey\":\"******\"").contains("\"Authorization\":\"******\"");
		assertThat(body).contains("http://localhost:11434/v1").contains("org-visible");
	}

	@Test
	void envMasksTheApiKeysAndShowsOtherValues() {
		String body = get("/actuator/env");
		assertThat(body).doesNotContain(DEFAULT_KEY).doesNotContain(CLOUD_KEY).doesNotContain(HEADER_SECRET);
		assertThat(body).contains("\"chat.api-key\":{\"value\":\"******\"")
			.contains("\"chat.connections.cloud.api-key\":{\"value\":\"******\"")
			.contains("\"chat.connections.cloud.headers.Authorization\":{\"value\":\"******\"");
		assertThat(body).contains("http://localhost:11434/v1").contains("org-visible");
	}

	@Test
	void envEntryOfTheApiKeyIsMasked() {
		String body = get("/actuator/env/chat.api-key");
		assertThat(body).doesNotContain(DEFAULT_KEY).contains("\"value\":\"******\"");
	}

	private String get(String path) {
		return this.webTestClient.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
