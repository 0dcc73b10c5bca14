package io.github.imds.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * {@link Conditional @Conditional} that matches when IMDS may be used: enabled, and on EC2 or with an
 * endpoint configured. Decided from settings and local files only, without a network call.
 *
 * @since 0.1.0
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnImdsAvailableCondition.class)
public @interface ConditionalOnImdsAvailable {

}
