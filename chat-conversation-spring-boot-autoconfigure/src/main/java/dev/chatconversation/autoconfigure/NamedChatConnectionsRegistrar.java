package dev.chatconversation.autoconfigure;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.util.Map;

import dev.chatconversation.boot.ChatCompletionsClientCustomizer;
import dev.chatconversation.boot.ChatConnectionSettings;
import dev.chatconversation.boot.ChatConversationCustomizer;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.client.ChatCompletionsClient;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Registers a client and a conversation factory for each {@code chat.connections.<name>},
 * named {@code <name>ChatCompletionsClient} and {@code <name>ChatConversationFactory} and
 * qualified by the connection name. They are not default candidates, so injecting a plain
 * {@code ChatCompletionsClient} still gets the default connection's.
 */
class NamedChatConnectionsRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {

	private Environment environment;

	private BeanFactory beanFactory;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		ChatProperties properties = Binder.get(this.environment)
			.bind("chat", Bindable.of(ChatProperties.class))
			.orElseGet(ChatProperties::new);
		ApiKeyValues.warnUnresolved(properties);
		Map<String, ChatConnectionSettings> connections = new ChatPropertiesMapper(properties).namedConnections();
		connections.forEach((name, settings) -> register(registry, name, settings));
	}

	private void register(BeanDefinitionRegistry registry, String name, ChatConnectionSettings settings) {
		String clientName = name + "ChatCompletionsClient";
		RootBeanDefinition client = new RootBeanDefinition(ChatCompletionsClient.class,
				() -> ChatConnectionBeans.client(settings, this.beanFactory.getBeanProvider(WebClient.Builder.class),
						this.beanFactory.getBeanProvider(ChatCompletionsClientCustomizer.class)));
		qualify(client, name);
		registry.registerBeanDefinition(clientName, client);
		RootBeanDefinition factory = new RootBeanDefinition(ChatConversationFactory.class,
				() -> ChatConnectionBeans.factory(settings,
						this.beanFactory.getBean(clientName, ChatCompletionsClient.class),
						this.beanFactory.getBeanProvider(ChatConversationCustomizer.class)));
		qualify(factory, name);
		registry.registerBeanDefinition(name + "ChatConversationFactory", factory);
	}

	/**
	 * Qualifies a definition by the connection name through a qualified element rather
	 * than an {@code AutowireCandidateQualifier}: an explicit qualifier would stop
	 * {@code @Qualifier("<bean name>")} from matching, as Spring only falls back on the
	 * bean name when the definition declares no qualifier value of its own.
	 */
	private static void qualify(RootBeanDefinition definition, String name) {
		definition.setQualifiedElement(new QualifiedElement(
				MergedAnnotation.of(Qualifier.class, Map.of(MergedAnnotation.VALUE, name)).synthesize()));
		definition.setDefaultCandidate(false);
	}

	/**
	 * An element carrying only a {@code @Qualifier}, for
	 * {@link RootBeanDefinition#setQualifiedElement(AnnotatedElement)}.
	 */
	private record QualifiedElement(Qualifier qualifier) implements AnnotatedElement {

		@Override
		public <T extends Annotation> @Nullable T getAnnotation(Class<T> annotationClass) {
			return annotationClass.isInstance(this.qualifier) ? annotationClass.cast(this.qualifier) : null;
		}

		@Override
		public Annotation[] getAnnotations() {
			return new Annotation[] { this.qualifier };
		}

		@Override
		public Annotation[] getDeclaredAnnotations() {
			return getAnnotations();
		}

	}

}
