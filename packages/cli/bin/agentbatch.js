#!/usr/bin/env node
// A committed entry point so npm can link the `agentbatch` command before the first build.
import '../dist/bin.js';
