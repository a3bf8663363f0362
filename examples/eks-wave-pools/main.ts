/**
 * Wave node pools on EKS (see stacks.ts): a pools stack with three EKS wave node groups, and an agent stack with the
 * seed agent rolled out on them.
 *
 *   npm run example:eks-pools     # cdktf synth --app "node --import tsx examples/eks-wave-pools/main.ts", offline
 *   npm run wavegate -- check cdktf.out && npm run wavegate -- plan cdktf.out
 */
import { App } from "cdktf";
import { buildApp } from "./stacks";

const app = new App();
buildApp(app);
app.synth();
