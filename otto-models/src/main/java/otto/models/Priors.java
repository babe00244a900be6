package otto.models;

import otto.dist.Cauchy;
import otto.dist.Normal;
import otto.dist.StudentT;

/** Priors with constant hyperparameters, for {@link GaussianLinearModel}. */
final class Priors {
    private Priors() {
    }

    static GaussianLinearModel.Prior normal(double mu, double sigma) {
        return v -> Normal.lpdf(v, v.tape().constant(mu), v.tape().constant(sigma));
    }

    static GaussianLinearModel.Prior cauchy(double mu, double sigma) {
        return v -> Cauchy.lpdf(v, v.tape().constant(mu), v.tape().constant(sigma));
    }

    static GaussianLinearModel.Prior studentT(double nu, double mu, double sigma) {
        return v -> StudentT.lpdf(v, v.tape().constant(nu), v.tape().constant(mu), v.tape().constant(sigma));
    }
}
