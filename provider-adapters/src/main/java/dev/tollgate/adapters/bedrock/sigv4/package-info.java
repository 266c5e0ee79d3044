/** AWS Signature Version 4 request signing, small and tested against AWS's published test suite. */
package dev.tollgate.adapters.bedrock.sigv4;
