package dev.chatconversation.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChatWebErrorsAutoConfiguration}: each web stack gets the advice that
 * can tell whether its response has started, without the other stack's classes, and an
 * application's own handler replaces it.
 */
class ChatWebErrorsAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATION = AutoConfigurations.of(ChatWebErrorsAutoConfiguration.class);

	private final ReactiveWebApplicationContextRunner reactiveRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(CONFIGURATION);

	private final WebApplicationContextRunner servletRunner = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATION);

	@Test
	void whenTheAppRunsOnWebFluxThenItGetsTheWebFluxAdvice() {
		this.reactiveRunner.run((context) -> assertThat(context).hasSingleBean(ChatExceptionHandler.class)
			.getBean("chatExceptionHandler")
			.isInstanceOf(ChatWebFluxExceptionHandler.class));
	}

	@Test
	void whenTheAppRunsOnSpringMvcThenItGetsTheSpringMvcAdvice() {
		this.servletRunner.run((context) -> assertThat(context).hasSingleBean(ChatExceptionHandler.class)
			.getBean("chatExceptionHandler")
			.isInstanceOf(ChatWebMvcExceptionHandler.class));
	}

	@Test
	void whenTheServletApiIsMissingThenAWebFluxAppStillGetsItsAdvice() {
		this.reactiveRunner
			.withClassLoader(new FilteredClassLoader("jakarta.servlet", "org.springframework.web.servlet"))
			.run((context) -> assertThat(context).hasSingleBean(ChatWebFluxExceptionHandler.class));
	}

	@Test
	void whenSpringMvcIsMissingThenAServletAppGetsNoAdvice() {
		this.servletRunner.withClassLoader(new FilteredClassLoader("org.springframework.web.servlet"))
			.run((context) -> assertThat(context).doesNotHaveBean(ChatExceptionHandler.class));
	}

	@Test
	void whenTheAppIsNotAWebAppThenItGetsNoAdvice() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATION)
			.run((context) -> assertThat(context).doesNotHaveBean(ChatExceptionHandler.class));
	}

	@Test
	void whenTheAppDefinesItsOwnHandlerThenTheAdviceBacksOff() {
		this.reactiveRunner.withBean(OwnHandler.class)
			.run((context) -> assertThat(context).hasSingleBean(ChatExceptionHandler.class)
				.hasSingleBean(OwnHandler.class));
	}

	static final class OwnHandler extends ChatExceptionHandler {

	}

}
