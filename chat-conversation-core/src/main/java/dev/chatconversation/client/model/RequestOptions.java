package dev.chatconversation.client.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The HTTP options of one call: headers and query parameters added to its request, and
 * the total time allowed for it. They go with a {@link ChatCompletionRequest} but never
 * into its JSON body; the client reads them when it sends the request.
 *
 * <p>
 * Values are immutable; build them with {@link #builder()}, or set them through
 * {@link ChatCompletionRequest.Builder} ({@code extraHeader(..)},
 * {@code extraQueryParam(..)}, {@code timeout(..)}). {@link #toString()} names headers
 * without their values, which may hold credentials (Azure's {@code api-key}, for
 * instance).
 */
public final class RequestOptions {

	private static final RequestOptions NONE = new RequestOptions(Map.of(), Map.of(), null);

	private final Map<String, String> extraHeaders;

	private final Map<String, String> extraQuery;

	private final @Nullable Duration timeout;

	private RequestOptions(Map<String, String> extraHeaders, Map<String, String> extraQuery,
			@Nullable Duration timeout) {
		this.extraHeaders = extraHeaders;
		this.extraQuery = extraQuery;
		this.timeout = timeout;
	}

	/**
	 * No extra headers, no extra query parameters and the client's timeout.
	 * @return the empty options
	 */
	public static RequestOptions none() {
		return NONE;
	}

	/**
	 * A builder of options, starting from none.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder(NONE);
	}

	/**
	 * A builder initialised with these options, to derive changed ones.
	 * @return a new builder
	 */
	public Builder mutate() {
		return new Builder(this);
	}

	/**
	 * The HTTP headers added to the request, after the client's default headers.
	 * @return the headers, in the order they were added
	 */
	public Map<String, String> extraHeaders() {
		return this.extraHeaders;
	}

	/**
	 * The query parameters added to the request's URL.
	 * @return the parameters, in the order they were added
	 */
	public Map<String, String> extraQuery() {
		return this.extraQuery;
	}

	/**
	 * The total time allowed for the request, overriding the client's.
	 * @return the timeout, or {@code null} for the client's
	 */
	public @Nullable Duration timeout() {
		return this.timeout;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (this == other) || (other instanceof RequestOptions that && this.extraHeaders.equals(that.extraHeaders)
				&& this.extraQuery.equals(that.extraQuery) && Objects.equals(this.timeout, that.timeout));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.extraHeaders, this.extraQuery, this.timeout);
	}

	/**
	 * Describes the options with header names only, since header values may hold
	 * credentials.
	 * @return a description
	 */
	@Override
	public String toString() {
		return "RequestOptions[extraHeaders=" + this.extraHeaders.keySet() + ", extraQuery=" + this.extraQuery.keySet()
				+ ", timeout=" + this.timeout + "]";
	}

	/**
	 * Builds {@link RequestOptions} values.
	 */
	public static final class Builder {

		private final Map<String, String> extraHeaders;

		private final Map<String, String> extraQuery;

		private @Nullable Duration timeout;

		private Builder(RequestOptions options) {
			this.extraHeaders = new LinkedHashMap<>(options.extraHeaders);
			this.extraQuery = new LinkedHashMap<>(options.extraQuery);
			this.timeout = options.timeout;
		}

		/**
		 * Sets HTTP headers added to this request, replacing any set before.
		 * @param extraHeaders the values
		 * @return this builder
		 */
		public Builder extraHeaders(Map<String, ? extends String> extraHeaders) {
			this.extraHeaders.clear();
			this.extraHeaders.putAll(extraHeaders);
			return this;
		}

		/**
		 * Adds one HTTP header to this request.
		 * @param name the name
		 * @param value the value
		 * @return this builder
		 */
		public Builder extraHeader(String name, String value) {
			this.extraHeaders.put(name, value);
			return this;
		}

		/**
		 * Sets query parameters added to this request's URL, replacing any set before.
		 * @param extraQuery the values
		 * @return this builder
		 */
		public Builder extraQuery(Map<String, ? extends String> extraQuery) {
			this.extraQuery.clear();
			this.extraQuery.putAll(extraQuery);
			return this;
		}

		/**
		 * Adds one query parameter to this request's URL.
		 * @param name the name
		 * @param value the value
		 * @return this builder
		 */
		public Builder extraQueryParam(String name, String value) {
			this.extraQuery.put(name, value);
			return this;
		}

		/**
		 * Sets the total time allowed for this request, overriding the client's.
		 * @param timeout the value, or {@code null} for the client's
		 * @return this builder
		 */
		public Builder timeout(@Nullable Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * Builds the options.
		 * @return the options
		 */
		public RequestOptions build() {
			if (this.extraHeaders.isEmpty() && this.extraQuery.isEmpty() && this.timeout == null) {
				return NONE;
			}
			return new RequestOptions(WireMaps.copyMap(this.extraHeaders), WireMaps.copyMap(this.extraQuery),
					this.timeout);
		}

	}

}
