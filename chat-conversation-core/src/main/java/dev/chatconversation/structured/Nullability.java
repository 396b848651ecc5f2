package dev.chatconversation.structured;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedType;
import java.util.Optional;

/**
 * Decides whether a property may be {@code null}: it is an {@link Optional}, or it is
 * annotated with any annotation named {@code Nullable} (JSpecify's type-use annotation,
 * Jakarta's, Spring's or JSR 305's), on the declaration or on its type.
 */
final class Nullability {

	private Nullability() {
	}

	static boolean isNullable(AnnotatedElement declaration, AnnotatedType type, Class<?> rawType) {
		if (rawType.isPrimitive()) {
			return false;
		}
		return rawType == Optional.class || hasNullable(declaration.getAnnotations())
				|| hasNullable(type.getAnnotations());
	}

	private static boolean hasNullable(Annotation[] annotations) {
		for (Annotation annotation : annotations) {
			if (annotation.annotationType().getSimpleName().equals("Nullable")) {
				return true;
			}
		}
		return false;
	}

}
