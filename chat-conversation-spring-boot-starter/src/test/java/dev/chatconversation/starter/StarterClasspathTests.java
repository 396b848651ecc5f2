package dev.chatconversation.starter;

import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.client.ChatCompletionsClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the starter's own classpath, which is this module's test classpath plus
 * {@code spring-boot-starter-test}, keeps a command-line or batch application a non-web
 * application: Spring Boot 4 deduces a reactive web application from
 * {@code spring-boot-webflux}, which {@code spring-boot-starter-webflux} would bring.
 */
class StarterClasspathTests {

	@Test
	void whenAnApplicationHasOnlyTheStarterThenItStartsAsANonWebApplicationWithItsChatBeans() {
		SpringApplication application = new SpringApplication(CommandLineApplication.class);
		try (ConfigurableApplicationContext context = application.run("--chat.base-url=http://127.0.0.1:9/v1",
				"--chat.model=test-model", "--spring.main.banner-mode=off")) {
			assertThat(application.getWebApplicationType()).isEqualTo(WebApplicationType.NONE);
			assertThat(context.getClass().getName()).doesNotContain("Web");
			assertThat(context.getBean(ChatCompletionsClient.class)).isNotNull();
			assertThat(context.getBean(ChatConversationFactory.class)).isNotNull();
		}
	}

	@Test
	void whenTheStarterIsOnTheClasspathThenNeitherWebFluxServerSupportNorANettyServerIsThere() {
		ClassLoader classLoader = getClass().getClassLoader();
		assertThat(
				ClassUtils.isPresent("org.springframework.boot.webflux.WebFluxWebApplicationTypeDeducer", classLoader))
			.isFalse();
		assertThat(ClassUtils.isPresent("org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory",
				classLoader))
			.isFalse();
		assertThat(ClassUtils.isPresent("org.springframework.web.reactive.function.client.WebClient", classLoader))
			.isTrue();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class CommandLineApplication {

	}

}
