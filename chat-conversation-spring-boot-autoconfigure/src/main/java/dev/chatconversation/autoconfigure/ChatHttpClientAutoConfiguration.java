package dev.chatconversation.autoconfigure;

import dev.chatconversation.boot.ChatCompletionsClientCustomizer;
import dev.chatconversation.client.ChatCompletionsClient;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that applies Spring Boot's HTTP client settings to the clients of
 * {@link ChatAutoConfiguration}: {@code spring.http.clients.*}, SSL bundles,
 * {@code ClientHttpConnectorBuilderCustomizer}s, and the connections' own
 * {@code chat.ssl.bundle} and {@code chat.proxy.*}.
 */
@AutoConfiguration(before = ChatAutoConfiguration.class,
		afterName = { "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration",
				"org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration",
				"org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration" })
@ConditionalOnClass({ ChatCompletionsClient.class, ClientHttpConnectorBuilder.class, HttpClient.class })
@EnableConfigurationProperties(ChatProperties.class)
public final class ChatHttpClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "chatHttpClientCustomizer")
	ChatCompletionsClientCustomizer chatHttpClientCustomizer(ChatProperties properties,
			ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder, ObjectProvider<HttpClientSettings> settings,
			ObjectProvider<SslBundles> sslBundles) {
		return new BootHttpClientCustomizer(properties, connectorBuilder.getIfAvailable(),
				settings.getIfAvailable(HttpClientSettings::defaults), sslBundles.getIfAvailable());
	}

}
