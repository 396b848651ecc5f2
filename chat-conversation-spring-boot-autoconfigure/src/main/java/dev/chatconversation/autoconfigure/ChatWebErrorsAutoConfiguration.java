package dev.chatconversation.autoconfigure;

import dev.chatconversation.boot.ChatErrorResponses;
import dev.chatconversation.client.ChatCompletionsClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.ErrorResponse;

/**
 * Auto-configuration of the HTTP answers for chat-conversation exceptions in WebFlux and
 * Spring MVC applications: a controller advice that answers each with the status and
 * {@link org.springframework.http.ProblemDetail} of {@link ChatErrorResponses}, never a
 * bare 500, and that lets a failure end a streamed response that has already started. The
 * application's own advice wins; exclude this auto-configuration to turn it off.
 */
@AutoConfiguration
@ConditionalOnWebApplication
@ConditionalOnClass({ ChatCompletionsClient.class, ErrorResponse.class })
public final class ChatWebErrorsAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(name = "org.springframework.web.reactive.DispatcherHandler")
	static class WebFluxConfiguration {

		@Bean
		@ConditionalOnMissingBean(ChatExceptionHandler.class)
		ChatWebFluxExceptionHandler chatExceptionHandler() {
			return new ChatWebFluxExceptionHandler();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(
			name = { "jakarta.servlet.http.HttpServletResponse", "org.springframework.web.servlet.DispatcherServlet" })
	static class WebMvcConfiguration {

		@Bean
		@ConditionalOnMissingBean(ChatExceptionHandler.class)
		ChatWebMvcExceptionHandler chatExceptionHandler() {
			return new ChatWebMvcExceptionHandler();
		}

	}

}
