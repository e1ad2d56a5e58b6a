package dev.sharedsecret.contract;

/** The contract against Jetty 12 ee11 {@code ServletContextHandler}, filters registered in code. */
class JettyEe11CodeContractTest extends SharedSecretContract {
    @Override
    Deployment startDeployment() throws Exception {
        return JettyEe11Deployments.contractCode();
    }
}
