package dev.callingest.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * The one Immutables style of the project. Generated {@code Immutable*} classes are package-private
 * and hidden behind the abstract model type; builders are plain (not staged), so that adding an
 * optional field never breaks a caller; no Guava. Annotate each model package's {@code
 * package-info.java} with it.
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    jdkOnly = true,
    stagedBuilder = false,
    get = {"is*", "get*"},
    defaults = @Value.Immutable(copy = true, prehash = false),
    allowedClasspathAnnotations = {Override.class})
public @interface ModelStyle {}
