package dev.sharedsecret.contract;

/** The contract against embedded Tomcat 11 deploying {@code src/test/webapp}, filters declared in web.xml. */
class TomcatWebXmlContractTest extends SharedSecretContract {
    @Override
    Deployment startDeployment() throws Exception {
        ContainerVersions.assertTomcat11();
        return TomcatWebXmlDeployment.start();
    }
}
