package dev.sharedsecret.contract;

import java.nio.file.Path;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Constants;
import org.apache.catalina.startup.ContextConfig;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Embedded Tomcat (see {@link EmbeddedTomcat}) deploying a web application directory:
 * {@link ContextConfig} parses its {@code WEB-INF/web.xml} and the filters read the real
 * environment. Tomcat's default web.xml is left out, so neither Jasper nor the default servlet is
 * needed.
 */
final class TomcatWebXmlDeployment extends EmbeddedTomcat {

    private TomcatWebXmlDeployment(Path webappDirectory, String contextPath) throws Exception {
        super((tomcat, scratchDir) -> {
            StandardContext context = new StandardContext();
            context.setName(contextPath);
            context.setPath(contextPath);
            context.setDocBase(webappDirectory.toString());
            StandardJarScanner scanner = new StandardJarScanner();
            scanner.setScanClassPath(false); // the test class path has no web fragments to find
            context.setJarScanner(scanner);
            ContextConfig config = new ContextConfig();
            config.setDefaultWebXml(Constants.NoDefaultWebXml);
            context.addLifecycleListener(config);
            tomcat.getHost().addChild(context);
            return context;
        });
    }

    /**
     * Deploys {@code webappDirectory} at {@code contextPath}; if the context does not start (a filter
     * failed {@code init}), throws {@link IllegalStateException} after Tomcat logged the cause.
     */
    static TomcatWebXmlDeployment start(Path webappDirectory, String contextPath) throws Exception {
        return new TomcatWebXmlDeployment(webappDirectory, contextPath);
    }

    @Override
    public String toString() {
        return "Tomcat, filters declared in web.xml";
    }
}
