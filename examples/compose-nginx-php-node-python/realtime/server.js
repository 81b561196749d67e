const http = require('http');
