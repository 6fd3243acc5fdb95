/** `npm run bench`: our extractor as a whole process (see worker.ts). */
import { predictWithExtractor } from "../../cli/eval/predict";
import { serveBench } from "./worker";

serveBench(predictWithExtractor);
