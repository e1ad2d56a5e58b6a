/**
 * A Jakarta Servlet filter that admits only requests carrying the shared secret an API gateway
 * forwards. See {@link dev.sharedsecret.SharedSecretFilter}.
 */
module dev.sharedsecret {
    requires transitive jakarta.servlet;
    requires java.management;
    requires org.slf4j;

    exports dev.sharedsecret;
}
