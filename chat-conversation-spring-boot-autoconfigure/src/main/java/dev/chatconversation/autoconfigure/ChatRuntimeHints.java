package dev.chatconversation.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.message.Message;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.util.ClassUtils;

/**
 * Reflection hints for a native image: Jackson binds the wire types of
 * {@code dev.chatconversation.client.model} and the messages of
 * {@code dev.chatconversation.message} by reflection. Registered through
 * {@code META-INF/spring/aot.factories}, so every application with the library gets them.
 *
 * <p>
 * The packages are listed when the AOT processing runs, on the build's JVM, so a wire
 * type added later needs no change here. The types that an application declares for
 * structured outputs and tool arguments are its own: it registers them with
 * {@code @RegisterReflectionForBinding}.
 */
class ChatRuntimeHints implements RuntimeHintsRegistrar {

	private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		ClassLoader loader = (classLoader != null) ? classLoader : getClass().getClassLoader();
		List<Class<?>> types = new ArrayList<>();
		types.addAll(typesBeside(ChatCompletion.class, loader));
		types.addAll(typesBeside(Message.class, loader));
		this.bindings.registerReflectionHints(hints.reflection(), types.toArray(Class<?>[]::new));
	}

	/**
	 * The classes of the package of the given type, nested ones included.
	 */
	static List<Class<?>> typesBeside(Class<?> type, ClassLoader loader) {
		String path = ClassUtils.classPackageAsResourcePath(type);
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(loader);
		List<Class<?>> types = new ArrayList<>();
		try {
			for (Resource resource : resolver.getResources("classpath*:" + path + "/*.class")) {
				String file = resource.getFilename();
				if (file != null && !file.equals("package-info.class")) {
					String name = type.getPackageName() + "." + file.substring(0, file.length() - ".class".length());
					Class<?> candidate = ClassUtils.resolveClassName(name, loader);
					if (!candidate.isAnonymousClass()) {
						types.add(candidate);
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return types;
	}

}
