/** Benchmarks (JMH) and the accuracy harness that checks Otto against reference posteriors. */
package otto.bench;
