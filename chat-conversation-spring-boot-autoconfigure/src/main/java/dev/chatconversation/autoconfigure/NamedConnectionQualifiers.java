package dev.chatconversation.autoconfigure;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.annotation.MergedAnnotation;

/**
 * Qualifies the beans of named connections by connection name once the bean factory is
 * ready, in the JVM and in an AOT-processed application alike: Spring AOT writes a bean
 * definition as code but not its qualified element.
 *
 * <p>
 * The qualifier is a qualified element rather than an {@code AutowireCandidateQualifier}:
 * an explicit qualifier would stop {@code @Qualifier("<bean name>")} from matching, as
 * Spring only falls back on the bean name when the definition declares no qualifier value
 * of its own.
 */
final class NamedConnectionQualifiers implements BeanFactoryPostProcessor {

	private final String[] beanNames;

	private final String[] connections;

	/**
	 * Qualifiers for the library's beans of named connections.
	 * @param beanNames the names of the beans to qualify
	 * @param connections the connection of each bean, in the same order
	 */
	NamedConnectionQualifiers(String[] beanNames, String[] connections) {
		this.beanNames = beanNames.clone();
		this.connections = connections.clone();
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		for (int i = 0; i < this.beanNames.length; i++) {
			if (beanFactory.containsBeanDefinition(this.beanNames[i])) {
				BeanDefinition definition = beanFactory.getBeanDefinition(this.beanNames[i]);
				if (definition instanceof RootBeanDefinition root) {
					qualify(root, this.connections[i]);
				}
			}
		}
		beanFactory.clearMetadataCache();
	}

	static void qualify(RootBeanDefinition definition, String connection) {
		definition.setQualifiedElement(new QualifiedElement(
				MergedAnnotation.of(Qualifier.class, Map.of(MergedAnnotation.VALUE, connection)).synthesize()));
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
