package io.strimzi.crdgenerator.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The annotation Strimzi's API model uses to say in which API versions a field exists (e.g. "v1beta2" for fields
 * removed in v1). Strimzi does not publish its crd-generator (which declares it) to Maven Central, and the JVM drops
 * annotations whose class is missing; declaring the same interface here lets ManifestSchemas read them. Same name,
 * same element, runtime retention, as in the class files of io.strimzi:api.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.TYPE})
public @interface PresentInVersions {
    String value();
}
