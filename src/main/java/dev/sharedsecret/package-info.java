/**
 * {@link dev.sharedsecret.SharedSecretFilter}: the origin-side check of the shared secret an API
 * gateway forwards with every request. Everything else in this package is an implementation detail.
 */
package dev.sharedsecret;
