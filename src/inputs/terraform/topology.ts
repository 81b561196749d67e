import type { TopologyContributor } from '../../evidence/topology/contributor.js';

/**
 * AWS load balancers as proxies (product `cloud-lb`). Their targets are registered at run time (ECS, the AWS Load
 * Balancer Controller, autoscaling groups), so they add no UpstreamTargets: the `routes-to` edges say which target
 * groups each load balancer forwards to, and the cloud-lb rules link target groups to the apps behind them.
 */
export const terraformTopology: TopologyContributor = {
  name: 'terraform',
  contribute(facts, graph) {
    const tf = facts.terraform;
    for (const lb of tf.loadBalancers) {
      const id = `cloud-lb:${lb.resource.id}`;
      graph.addProxy({
        id,
        product: 'cloud-lb',
        label: `AWS ${lb.type === 'network' ? 'NLB' : 'ALB'} \`${lb.resource.address}\``,
        configFile: lb.resource.at.file,
        at: lb.resource.at,
      });
      for (const tg of tf.targetGroups) {
        if (tg.resource.module !== lb.resource.module || !tg.loadBalancers.includes(lb.resource.address)) continue;
        graph.addEdge({ from: id, to: `cloud-lb:${tg.resource.id}`, kind: 'routes-to', status: 'resolved', at: tg.resource.at });
      }
    }
  },
};
