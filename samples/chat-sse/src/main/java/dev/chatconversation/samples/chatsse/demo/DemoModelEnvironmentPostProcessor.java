package dev.chatconversation.samples.chatsse.demo;

import java.time.Duration;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Serves the offline demo model when no provider is configured: if {@code chat.base-url}
 * is set nowhere (properties, {@code CHAT_BASE_URL}, command line), starts a
 * {@link DemoModelServer} on a free local port and points {@code chat.base-url} at it,
 * with {@code chat.model=demo-echo} and {@code chat-sse.demo=true}.
 *
 * <p>
 * It runs after the configuration files are read and before any bean exists, so the
 * starter then configures itself for the demo server exactly as for a real provider. It
 * cannot see a {@code @DynamicPropertySource} of a test (those are added later): such a
 * test names {@code chat.base-url} in {@code @SpringBootTest(properties = ...)} with a
 * placeholder that its {@code @DynamicPropertySource} fills.
 */
public class DemoModelEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The name of the property source this adds. */
	public static final String PROPERTY_SOURCE_NAME = "chatSseDemoModel";

	private static final Duration WORD_DELAY = Duration.ofMillis(40);

	private final Log logger;

	public DemoModelEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(DemoModelEnvironmentPostProcessor.class);
	}

	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.containsProperty("chat.base-url")) {
			return;
		}
		DemoModelServer server = DemoModelServer.start(WORD_DELAY);
		application.addListeners(new DemoModelStopper(server));
		environment.getPropertySources()
			.addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of("chat.base-url", server.baseUrl(),
					"chat.model", DemoModelServer.MODEL, "chat-sse.demo", "true")));
		this.logger.info("No chat.base-url is set: the offline demo model answers, at " + server.baseUrl()
				+ ". Set CHAT_BASE_URL, CHAT_API_KEY and CHAT_MODEL to talk to a real model.");
	}

}
