/** The demo command: a local D1 and two devices on one machine, played through a short tour. */
package io.hybridgraph.app.demo;
