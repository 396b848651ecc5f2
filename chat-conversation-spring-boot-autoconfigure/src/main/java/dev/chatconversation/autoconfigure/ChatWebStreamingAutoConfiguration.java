package dev.chatconversation.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of streamed responses in a WebFlux application on Reactor Netty:
 * writes each streamed body on its connection's event loop
 * ({@link ConnectionLoopStreamingFilter}), which keeps an SSE reply from stopping
 * mid-stream under load. On by default; {@code chat.web.stream-on-connection-loop=false}
 * turns it off.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass(name = { "org.springframework.web.server.WebFilter", "reactor.netty.http.server.HttpServer" })
@ConditionalOnBooleanProperty(name = "chat.web.stream-on-connection-loop", matchIfMissing = true)
public final class ChatWebStreamingAutoConfiguration {

	@Bean
	ConnectionLoopStreamingFilter chatConnectionLoopStreamingFilter() {
		return new ConnectionLoopStreamingFilter();
	}

}
