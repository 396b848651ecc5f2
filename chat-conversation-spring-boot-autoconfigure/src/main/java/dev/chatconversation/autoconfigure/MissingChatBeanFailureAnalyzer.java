package dev.chatconversation.autoconfigure;

import java.util.Set;

import dev.chatconversation.boot.ChatConnections;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.client.ChatCompletionsClient;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports a missing {@link ChatConversationFactory}, {@link ChatCompletionsClient} or
 * {@link ChatConnections} bean with the {@code chat.*} properties that create it. Ordered
 * before Spring Boot's generic analysis of a missing bean, which says nothing about
 * {@code chat.base-url}.
 */
class MissingChatBeanFailureAnalyzer extends AbstractFailureAnalyzer<NoSuchBeanDefinitionException> implements Ordered {

	private static final Set<Class<?>> CHAT_BEANS = Set.of(ChatConversationFactory.class, ChatCompletionsClient.class,
			ChatConnections.class);

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, NoSuchBeanDefinitionException cause) {
		Class<?> type = cause.getBeanType();
		if (type == null || !CHAT_BEANS.contains(type)) {
			return null;
		}
		String description = String.format("No %s bean is defined: chat-conversation creates one only when "
				+ "chat.base-url or chat.provider is set, together with chat.model.", type.getSimpleName());
		String action = String.format("Set chat.base-url and chat.model, for example in application.properties:%n%n"
				+ "    chat.base-url=https://api.openai.com/v1%n" + "    chat.api-key=${OPENAI_API_KEY:}%n"
				+ "    chat.model=gpt-4o-mini%n%n"
				+ "or name a provider, which gives the base URL (openai, azure, gemini, deepseek, ollama, vllm, "
				+ "groq, mistral, openrouter, albert):%n%n" + "    chat.provider=ollama%n"
				+ "    chat.model=llama3.2%n%n" + "or define a %s bean of your own.", type.getSimpleName());
		return new FailureAnalysis(description, action, cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
