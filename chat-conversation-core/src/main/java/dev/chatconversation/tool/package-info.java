/**
 * Function calling: tools defined from Java methods or lambdas, with the JSON schema of
 * their arguments generated from a record type, and the execution of the calls a model
 * requests.
 */
@NullMarked
package dev.chatconversation.tool;

import org.jspecify.annotations.NullMarked;
