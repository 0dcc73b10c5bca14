/**
 * SSRF guard: keeps the HTTP clients that Spring Boot builds away from the instance metadata addresses.
 */
@NullMarked
package io.github.imds.ssrf;

import org.jspecify.annotations.NullMarked;
