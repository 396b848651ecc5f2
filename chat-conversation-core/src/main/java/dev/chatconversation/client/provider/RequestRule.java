package dev.chatconversation.client.provider;

import java.util.Set;

import dev.chatconversation.client.model.ChatCompletionRequest;

/**
 * One change a provider needs in a request, such as leaving out a parameter it rejects;
 * {@link ProviderProfiles} builds each profile from such rules.
 *
 * <p>
 * Rules never touch {@code extraBody}: fields given there are sent as written, so they
 * remain the way to send what a profile does not know. Rules must be stateless and return
 * the request unchanged when they have nothing to do.
 */
@FunctionalInterface
public interface RequestRule {

	/**
	 * Applies the rule.
	 * @param request the request
	 * @return the changed request, or the same one
	 */
	ChatCompletionRequest apply(ChatCompletionRequest request);

	/**
	 * Leaves out parameters the provider rejects.
	 * @param names wire names of modelled parameters, such as {@code store}
	 * @return the rule
	 * @throws IllegalArgumentException if a name is not a modelled optional parameter
	 */
	static RequestRule dropParameters(String... names) {
		return ParameterRules.drop(Set.of(names));
	}

	/**
	 * Leaves out every modelled parameter except the given ones, for providers that
	 * reject unknown fields; {@code messages}, {@code model} and {@code stream} are
	 * always kept.
	 * @param names wire names of the parameters the provider accepts
	 * @return the rule
	 */
	static RequestRule keepOnlyParameters(Set<String> names) {
		return ParameterRules.keepOnly(names);
	}

	/**
	 * Sends a modelled parameter under another name, unless {@code extraBody} already has
	 * that name.
	 * @param name the wire name of the modelled parameter, such as {@code seed}
	 * @param newName the name the provider expects, such as {@code random_seed}
	 * @return the rule
	 */
	static RequestRule renameParameter(String name, String newName) {
		return ParameterRules.rename(name, newName);
	}

	/**
	 * Sends {@code max_completion_tokens} as {@code max_tokens}, for providers that only
	 * know the older name; an explicit {@code max_tokens} wins.
	 * @return the rule
	 */
	static RequestRule maxCompletionTokensAsMaxTokens() {
		return ParameterRules::maxCompletionTokensAsMaxTokens;
	}

	/**
	 * Sends {@code tool_choice: "required"} as {@code "any"}, Mistral's name for it.
	 * @return the rule
	 */
	static RequestRule toolChoiceRequiredAsAny() {
		return ParameterRules::toolChoiceRequiredAsAny;
	}

	/**
	 * Adds a query parameter to every request, unless the request sets it already.
	 * @param name the parameter name, such as {@code api-version}
	 * @param value its value
	 * @return the rule
	 */
	static RequestRule queryParameter(String name, String value) {
		return ParameterRules.query(name, value);
	}

	/**
	 * Sends {@code developer} messages as {@code system} messages, for providers that do
	 * not know the newer role.
	 * @return the rule
	 */
	static RequestRule developerAsSystem() {
		return MessageRules::developerAsSystem;
	}

	/**
	 * Joins two successive user messages, or two successive assistant messages of which
	 * the first has no tool calls, into one, for providers that require alternating
	 * roles.
	 * @return the rule
	 */
	static RequestRule mergeSuccessiveMessages() {
		return MessageRules::mergeSuccessive;
	}

	/**
	 * Leaves out the {@code name} of system, developer, user and assistant messages.
	 * @return the rule
	 */
	static RequestRule dropMessageNames() {
		return MessageRules::dropNames;
	}

}
