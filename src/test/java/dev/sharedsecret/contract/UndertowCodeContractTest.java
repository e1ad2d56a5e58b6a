package dev.sharedsecret.contract;

/**
 * The contract against Undertow 2.3, filters registered with Undertow's {@code DeploymentInfo} (no
 * web.xml: see {@link UndertowDeployment}).
 */
class UndertowCodeContractTest extends SharedSecretContract {
    @Override
    Deployment startDeployment() throws Exception {
        return UndertowDeployment.contract();
    }
}
