package dev.cloudfiles.store;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Public only so that the store's own packages can reach it across a package boundary (the store is
 * layered: table, blobs, garbage, index, moves, files, uploads, sweep, shares); not API. Handlers and
 * other modules use what is not marked so.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface Internal {}
