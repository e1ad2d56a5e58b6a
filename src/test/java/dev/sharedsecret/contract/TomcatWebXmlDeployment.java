package dev.sharedsecret.contract;

import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Constants;
import org.apache.catalina.startup.ContextConfig;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Embedded Tomcat 11 deploying {@code src/test/webapp}: {@link ContextConfig} parses
 * {@code WEB-INF/web.xml} and the filters read the real environment. Tomcat's default web.xml is
 * left out, so neither Jasper nor the default servlet is needed.
 */
final class TomcatWebXmlDeployment extends EmbeddedTomcat {

    private TomcatWebXmlDeployment() throws Exception {
        super((tomcat, scratchDir) -> {
            StandardContext context = new StandardContext();
            context.setName(ContractFixture.CONTEXT_PATH);
            context.setPath(ContractFixture.CONTEXT_PATH);
            context.setDocBase(ContractFixture.webappDirectory().toString());
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

    static TomcatWebXmlDeployment start() throws Exception {
        return new TomcatWebXmlDeployment();
    }

    @Override
    public String toString() {
        return "Tomcat, filters declared in web.xml";
    }
}
